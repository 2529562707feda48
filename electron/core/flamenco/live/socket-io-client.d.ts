// socket.io-client 2.x ships no types; this declares the part the live connection uses.
declare module 'socket.io-client' {
  type ClientSocket = {
    readonly connected: boolean;
    on(event: string, listener: (...args: unknown[]) => void): ClientSocket;
    off(event: string, listener?: (...args: unknown[]) => void): ClientSocket;
    emit(event: string, ...args: unknown[]): ClientSocket;
    close(): ClientSocket;
    connect(): ClientSocket;
    readonly io: { on(event: string, listener: (...args: unknown[]) => void): void };
  };
  type ConnectOptions = {
    readonly path?: string;
    readonly transports?: readonly string[];
    readonly forceNew?: boolean;
    readonly reconnection?: boolean;
    readonly reconnectionDelay?: number;
    readonly reconnectionDelayMax?: number;
    readonly randomizationFactor?: number;
    readonly timeout?: number;
    readonly extraHeaders?: Readonly<Record<string, string>>;
  };
  function io(url: string, options?: ConnectOptions): ClientSocket;
  export = io;
}
