import { walkEveryCountryAndTopic } from "./walk.js";

walkEveryCountryAndTopic("tg");
