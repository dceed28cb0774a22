// The conformance floor of the memory target (see target-floor.ts).
import { testTargetFloor } from './target-floor.ts';

testTargetFloor('memory');
