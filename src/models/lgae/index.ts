// The Lorentz group autoencoder (LGAE): encoder and decoder architectures, the whole model, and its registration as model kind 'lgae'.
import './register-lgae';

export { LGAEEncoder, type LGAEEncoderOptions, type LGAELayerOptions } from './encoder';
export { LGAEDecoder, type LGAEDecoderOptions } from './decoder';
export { LGAE, type LGAEOptions, type LGAELatent, type JetArrays } from './lgae';
export { LGAE_FACTORY } from './factory';
