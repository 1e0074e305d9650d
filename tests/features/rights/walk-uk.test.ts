import { walkEveryCountryAndTopic } from "./walk.js";

walkEveryCountryAndTopic("uk");
