// bottleneck/light.js is the same API as bottleneck (without Redis clustering) but ships no types of its own.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
