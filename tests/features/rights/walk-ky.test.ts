import { walkEveryCountryAndTopic } from "./walk.js";

walkEveryCountryAndTopic("ky");
