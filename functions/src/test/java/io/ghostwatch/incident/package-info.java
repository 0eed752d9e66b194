/**
 * The incident reproduced for real: clients that vanish without FIN behind a cut veth link (network
 * namespaces, root only; skipped elsewhere), a redis-server that keeps their sockets, and the ghostwatch jar
 * finding them, fixing the server and seeing them reaped.
 */
package io.ghostwatch.incident;
