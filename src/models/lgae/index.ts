// The Lorentz group autoencoder (LGAE): encoder and decoder architectures.
export { LGAEEncoder, type LGAEEncoderOptions, type LGAELayerOptions } from './encoder';
export { LGAEDecoder, type LGAEDecoderOptions } from './decoder';
