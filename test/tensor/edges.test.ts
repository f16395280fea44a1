import { edgesConformance } from './conformance-edges';
import { runOnCpu } from './conformance-extra';

runOnCpu(edgesConformance);
