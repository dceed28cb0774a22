// The compiled form of one accepted value of an event-pattern leaf, shared by the operators and the cidr test.

export type Leaf = string | number | boolean | null;
export type ValueTest = (value: Leaf) => boolean;
