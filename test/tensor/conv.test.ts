import { convConformance } from './conformance-conv';
import { runOnCpu } from './conformance-extra';

runOnCpu(convConformance);
