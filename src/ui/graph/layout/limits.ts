/** Nodes (namespaces included) up to which a graph is laid out tight and fitted with readable names. */
export const SMALL_GRAPH = 40;
