import { walkEveryCountryAndTopic } from "./walk.js";

walkEveryCountryAndTopic("be");
