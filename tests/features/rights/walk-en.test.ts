import { walkEveryCountryAndTopic } from "./walk.js";

walkEveryCountryAndTopic("en");
