// The conformance floor of the sqlite target (see target-floor.ts).
import { testTargetFloor } from './target-floor.ts';

testTargetFloor('sqlite');
