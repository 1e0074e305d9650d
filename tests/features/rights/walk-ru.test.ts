import { walkEveryCountryAndTopic } from "./walk.js";

walkEveryCountryAndTopic("ru");
