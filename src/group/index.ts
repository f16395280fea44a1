// Group elements, representation matrices and the four-vector map.
export {};
