/**
 * Device drivers: ESC/POS printers, serial scales, sensor payload decoders and GPIO, each with a
 * simulated device that speaks the real protocol. Knows nothing of the agent.
 */
package id.dapur.edge.devices;
