import { walkEveryCountryAndTopic } from "./walk.js";

walkEveryCountryAndTopic("ka");
