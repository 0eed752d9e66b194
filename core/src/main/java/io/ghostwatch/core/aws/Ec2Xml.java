package io.ghostwatch.core.aws;

import io.ghostwatch.core.aws.Ec2QueryClient.Association;
import io.ghostwatch.core.aws.Ec2QueryClient.IpPermission;
import io.ghostwatch.core.aws.Ec2QueryClient.Route;
import io.ghostwatch.core.aws.Ec2QueryClient.RouteTable;
import io.ghostwatch.core.aws.Ec2QueryClient.SecurityGroup;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * EC2's XML answers (API 2016-11-15): lowerCamel elements, lists as {@code <item>} children, no result wrapper;
 * errors as {@code <Response><Errors><Error><Code>/<Message></Error></Errors><RequestID>}. Unknown elements are
 * ignored. The parser takes no DTD and no external entities.
 */
final class Ec2Xml {

    /** One page of an answer: its root element and the token of the next page (null on the last). */
    record Page(Element root, String nextToken) {
    }

    /** What an error answer said; every part null when the body was not EC2's error XML. */
    record Error(String code, String message, String requestId) {
    }

    private Ec2Xml() {
    }

    static Page page(byte[] xml) {
        Element root = parse(xml);
        return new Page(root, text(root, "nextToken"));
    }

    static Error error(byte[] xml) {
        Element root = xml.length == 0 ? null : parseOrNull(xml);
        if (root == null) {
            return new Error(null, null, null);
        }
        Element error = child(child(root, "Errors"), "Error");
        String requestId = text(root, "RequestID");
        return new Error(text(error, "Code"), text(error, "Message"), requestId != null ? requestId : text(root, "RequestId"));
    }

    static List<SecurityGroup> securityGroups(Page page) {
        List<SecurityGroup> groups = new ArrayList<>();
        for (Element g : items(page.root(), "securityGroupInfo")) {
            List<IpPermission> permissions = new ArrayList<>();
            for (Element p : items(g, "ipPermissions")) {
                permissions.add(new IpPermission(text(p, "ipProtocol"), integer(p, "fromPort"), integer(p, "toPort"),
                        texts(items(p, "ipRanges"), "cidrIp"), texts(items(p, "ipv6Ranges"), "cidrIpv6")));
            }
            groups.add(new SecurityGroup(text(g, "groupId"), text(g, "groupName"), text(g, "vpcId"), permissions));
        }
        return groups;
    }

    static List<RouteTable> routeTables(Page page) {
        List<RouteTable> tables = new ArrayList<>();
        for (Element t : items(page.root(), "routeTableSet")) {
            List<Association> associations = items(t, "associationSet").stream()
                    .map(a -> new Association(text(a, "subnetId"), "true".equals(text(a, "main")))).toList();
            List<Route> routes = items(t, "routeSet").stream()
                    .map(r -> new Route(text(r, "destinationCidrBlock"), text(r, "destinationIpv6CidrBlock"),
                            text(r, "gatewayId"))).toList();
            tables.add(new RouteTable(text(t, "routeTableId"), text(t, "vpcId"), associations, routes));
        }
        return tables;
    }

    // ---- DOM helpers

    private static Element parse(byte[] xml) {
        Element root = parseOrNull(xml);
        if (root == null) {
            throw SdkClientException.create("EC2's answer is not XML: "
                    + new String(xml, 0, Math.min(xml.length, 200), StandardCharsets.UTF_8));
        }
        return root;
    }

    private static Element parseOrNull(byte[] xml) {
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // fail on a fatal error, print nothing
            return builder.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (SAXException | IOException e) {
            return null;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refused a standard setting", e);
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f;
    }

    /** The first child element named {@code name}, or null. */
    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** The {@code <item>} elements of the list element {@code name}; none when it is absent. */
    private static List<Element> items(Element parent, String name) {
        Element list = child(parent, name);
        List<Element> items = new ArrayList<>();
        if (list != null) {
            for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("item")) {
                    items.add(e);
                }
            }
        }
        return items;
    }

    /** The trimmed text of the child element {@code name}; null when absent or empty. */
    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        String text = e == null ? null : e.getTextContent().strip();
        return text == null || text.isEmpty() ? null : text;
    }

    private static List<String> texts(List<Element> items, String name) {
        return items.stream().map(i -> text(i, name)).filter(Objects::nonNull).toList();
    }

    private static Integer integer(Element parent, String name) {
        String text = text(parent, name);
        try {
            return text == null ? null : Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw SdkClientException.create("EC2 answered " + name + " '" + text + "', not a number", e);
        }
    }
}
