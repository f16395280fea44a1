// The convolutional autoencoder baseline (CNNAE) on jet images, and its registration as model kind 'cnnae'.
import './register-cnnae';

export { CNNAE, type CNNAEConfig, type CNNAEOptions } from './cnnae';
export { jetImageTensor, type JetImageTensorOptions } from './image-tensor';
export { CNNAEJetAutoencoder, CNNAE_FACTORY, type CNNAEJetAutoencoderOptions } from './autoencoder';
