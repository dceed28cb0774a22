// The conformance floor of the postgres target (see target-floor.ts).
import { testTargetFloor } from './target-floor.ts';

testTargetFloor('postgres');
