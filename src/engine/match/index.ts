// The match module's public entry: label selectors, CIDRs and port sets.
export * from './selector';
export * from './cidr';
export * from './ports';
