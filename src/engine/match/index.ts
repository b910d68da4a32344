export * from './selector';
export * from './cidr';
export * from './ports';
