import { walkEveryCountryAndTopic } from "./walk.js";

walkEveryCountryAndTopic("az");
