import { walkEveryCountryAndTopic } from "./walk.js";

walkEveryCountryAndTopic("hy");
