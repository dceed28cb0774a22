// The conformance floor of the http target (see target-floor.ts).
import { testTargetFloor } from './target-floor.ts';

testTargetFloor('http');
