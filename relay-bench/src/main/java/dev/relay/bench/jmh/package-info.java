/** JMH microbenchmarks of the hot paths; run with {@code bench/jmh.sh}. */
package dev.relay.bench.jmh;
