// The convolutional autoencoder baseline (CNNAE) on jet images.
export { CNNAE, type CNNAEConfig, type CNNAEOptions } from './cnnae';
export { jetImageTensor, type JetImageTensorOptions } from './image-tensor';
