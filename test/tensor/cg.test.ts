import { cgConformance } from './conformance-cg';
import { runOnCpu } from './conformance-extra';

runOnCpu(cgConformance);
