/** Now, as an instant. Injected so tests control time. */
export type Clock = () => Date;
