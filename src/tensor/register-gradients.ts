/**
 * Side effect: registers the gradient (VJP) of every kernel of the engine. Listed in
 * package.json "sideEffects".
 *
 * @packageDocumentation
 */
import { arithmeticGradients } from './gradients/arithmetic';
import { logicGradients } from './gradients/logic';
import { matmulGradients } from './gradients/matmul';
import { miscGradients } from './gradients/misc';
import { reduceGradients } from './gradients/reduce';
import { shapeGradients } from './gradients/shape';
import { unaryGradients } from './gradients/unary';
import { registerGradient } from './kernel-registry';

for (const config of [...arithmeticGradients, ...unaryGradients, ...reduceGradients, ...shapeGradients, ...logicGradients, ...matmulGradients, ...miscGradients]) {
  registerGradient(config);
}
