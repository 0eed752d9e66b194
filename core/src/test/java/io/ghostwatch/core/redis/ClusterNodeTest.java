package io.ghostwatch.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ghostwatch.core.model.HostPort;
import io.ghostwatch.core.model.NodeRole;
import io.ghostwatch.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterNodeTest {

    @Test
    void threeMastersFromRealClusterNodes() {
        List<ClusterNode> nodes = ClusterNode.parseNodes(Fixtures.text("cluster-nodes-7.0-3-masters.txt"));

        assertThat(nodes).extracting(ClusterNode::id, ClusterNode::address, ClusterNode::role, ClusterNode::myself,
                        ClusterNode::failed)
                .containsExactly(
                        tuple("54caf022d14361210d9f475a20330d3417a5b703", new HostPort("127.0.0.1", 23539),
                                NodeRole.MASTER, false, false),
                        tuple("597169a683a53d9dc40e6a380150bcfcf428ed67", new HostPort("127.0.0.1", 28249),
                                NodeRole.MASTER, false, false),
                        tuple("c53e87939b1a4a458c0b261e2817f9893006d48a", new HostPort("127.0.0.1", 20366),
                                NodeRole.MASTER, true, false));
    }

    @Test
    void theBusPortIsNotTheClientPort() {
        // "127.0.0.1:20366@30366": clients use 20366, the cluster bus 30366
        List<ClusterNode> nodes = ClusterNode.parseNodes(Fixtures.text("cluster-nodes-7.0-3-masters.txt"));

        assertThat(nodes).extracting(n -> n.address().port()).doesNotContain(33539, 38249, 30366);
    }

    @Test
    void replicaAndSuspectedFailure() {
        List<ClusterNode> nodes = ClusterNode.parseNodes(Fixtures.text("cluster-nodes-7.0-pfail.txt"));

        assertThat(nodes).extracting(ClusterNode::role, ClusterNode::myself, ClusterNode::failed)
                .containsExactly(
                        tuple(NodeRole.MASTER, false, false),
                        tuple(NodeRole.MASTER, false, true),   // master,fail?
                        tuple(NodeRole.REPLICA, false, false), // slave <master-id>
                        tuple(NodeRole.MASTER, true, false));
    }

    @Test
    void confirmedFailure() {
        List<ClusterNode> nodes = ClusterNode.parseNodes(Fixtures.text("cluster-nodes-7.0-replica-and-failed-master.txt"));

        assertThat(nodes).filteredOn(ClusterNode::failed).extracting(ClusterNode::address)
                .containsExactly(new HostPort("127.0.0.1", 28249));
        assertThat(nodes).filteredOn(n -> n.role() == NodeRole.REPLICA).extracting(ClusterNode::address)
                .containsExactly(new HostPort("127.0.0.1", 20885));
    }

    /**
     * Read right after CLUSTER MEET: the peer is in handshake (its ID is temporary) and myself does not know
     * its own IP yet (":20366@30366"). Neither is a node Ghostwatch can audit by that entry.
     */
    @Test
    void handshakeAndAddresslessNodesAreSkipped() {
        String raw = Fixtures.text("cluster-nodes-7.0-handshake.txt");
        assertThat(raw).contains(" handshake ").contains(" :20366@30366 myself,master ");

        assertThat(ClusterNode.parseNodes(raw)).isEmpty();
    }

    @Test
    void hostnamesAfterTheBusPortAreIgnored() {
        // Redis 7.0+ may append ",hostname" after the bus port when cluster-announce-hostname is set
        String raw = Fixtures.text("cluster-nodes-7.0-3-masters.txt")
                .replace("127.0.0.1:23539@33539 ", "127.0.0.1:23539@33539,cache-a.internal ");

        assertThat(ClusterNode.parseNodes(raw).getFirst().address()).isEqualTo(new HostPort("127.0.0.1", 23539));
    }

    @Test
    void garbageLinesAreSkipped() {
        String raw = Fixtures.text("cluster-nodes-7.0-3-masters.txt") + "\nshort line\nid notanaddress master - 0 0 1 connected\n\n";

        assertThat(ClusterNode.parseNodes(raw)).hasSize(3);
    }
}
