import { walkEveryCountryAndTopic } from "./walk.js";

walkEveryCountryAndTopic("kk");
