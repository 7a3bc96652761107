package id.dapur.edge.agent.security;

import id.dapur.edge.config.TlsConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The outlet's TLS identity for MQTT over TLS, HTTPS and WSS: the PEM files named in {@code tls},
 * or a self-signed certificate made at first start and kept in {@code <storage.dir>/tls} (key file
 * 0600 in a 0700 directory). Clients on the LAN pin its SHA-256 fingerprint
 * ({@code dapur-edge.jar fingerprint}); RSA 2048, because Tasmota's TLS client speaks RSA only.
 * Made with Bouncy Castle's certificate builder (the JDK has no public API for it).
 */
public final class OutletCertificate {
    static final Duration VALIDITY = Duration.ofDays(3650);
    private final Path certificateFile;
    private final Path keyFile;
    private final X509Certificate certificate;

    private OutletCertificate(Path certificateFile, Path keyFile, X509Certificate certificate) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.certificate = certificate;
    }

    /** The configured files, or the generated pair (made now if absent). Blocking: file I/O and key generation. */
    public static OutletCertificate loadOrCreate(TlsConfig tls, Path storageDir, String outletId) throws IOException {
        if (!tls.generated()) {
            return load(tls.certificate(), tls.key());
        }
        Path dir = storageDir.resolve("tls");
        Path cert = dir.resolve("outlet-cert.pem");
        Path key = dir.resolve("outlet-key.pem");
        if (Files.exists(cert) && Files.exists(key)) {
            return load(cert, key);
        }
        SecureFiles.createPrivateDirectories(dir);
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, new SecureRandom());
            KeyPair pair = g.generateKeyPair();
            X509Certificate c = selfSigned(pair, outletId);
            SecureFiles.writePrivate(key, pem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII));
            SecureFiles.writePrivate(cert, pem(c).getBytes(StandardCharsets.US_ASCII));
            return new OutletCertificate(cert, key, c);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException("could not make the outlet's certificate: " + e.getMessage(), e);
        }
    }

    private static OutletCertificate load(Path cert, Path key) throws IOException {
        if (!Files.isReadable(cert) || !Files.isReadable(key)) {
            throw new IOException("TLS certificate or key not readable: " + cert + ", " + key);
        }
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(cert, StandardCharsets.US_ASCII)))) {
            Object o = p.readObject();
            if (!(o instanceof X509CertificateHolder h)) {
                throw new IOException("not a PEM certificate: " + cert);
            }
            return new OutletCertificate(cert, key, new JcaX509CertificateConverter().getCertificate(h));
        } catch (CertificateException e) {
            throw new IOException("not a valid certificate: " + cert + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSigned(KeyPair pair, String outletId)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException, IOException {
        X500Name name = new X500Name("CN=dapur-edge " + outletId + ",O=Dapur Edge");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(VALIDITY)),
                name,
                pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(altNames(outletId).toArray(GeneralName[]::new)));
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }

    /** localhost, this host's name, the outlet's mDNS-style name and every address the machine has now. */
    private static List<GeneralName> altNames(String outletId) {
        List<GeneralName> names = new ArrayList<>(List.of(
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.dNSName, "dapur-" + outletId + ".local")));
        try {
            names.add(new GeneralName(
                    GeneralName.dNSName,
                    InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT)));
        } catch (IOException e) {
            // no host name: the addresses and the fingerprint still identify the outlet
        }
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    String host = a.getHostAddress();
                    int zone = host.indexOf('%');
                    names.add(new GeneralName(GeneralName.iPAddress, zone < 0 ? host : host.substring(0, zone)));
                }
            }
        } catch (IOException e) {
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        }
        return names;
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(
                    o instanceof PrivateKey k ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : o);
        }
        return w.toString();
    }

    /** SHA-256 of the certificate's DER form, as colon-separated upper-case hex (what browsers and Tasmota show). */
    public String fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** For Vert.x servers (HTTPS, WSS, MQTT over TLS). Blocking: reads the files. */
    public KeyCertOptions keyCertOptions() throws IOException {
        return new PemKeyCertOptions()
                .addCertValue(Buffer.buffer(Files.readAllBytes(certificateFile)))
                .addKeyValue(Buffer.buffer(Files.readAllBytes(keyFile)));
    }
}
