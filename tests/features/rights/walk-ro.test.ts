import { walkEveryCountryAndTopic } from "./walk.js";

walkEveryCountryAndTopic("ro");
