import { walkEveryCountryAndTopic } from "./walk.js";

walkEveryCountryAndTopic("uz");
