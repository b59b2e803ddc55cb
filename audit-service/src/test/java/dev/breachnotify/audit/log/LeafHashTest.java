package dev.breachnotify.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class LeafHashTest {

    @Test
    void emptyLeafIsTheRfc6962HashOfTheZeroByte() {
        assertThat(LeafHash.hex(LeafHash.of("")))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }

    @Test
    void hashesTheZeroPrefixThenTheUtf8OfTheCanonicalJson() {
        // sha256(b'\x00' + '{"a":1,"b":"Müller"}'.encode('utf-8')), computed outside Java
        assertThat(LeafHash.hex(LeafHash.of("{\"a\":1,\"b\":\"Müller\"}")))
                .isEqualTo("47f3c337d1a9bac1c1f7e25baaf97448d1f777a3d5d207f49f5203d37309334b");
    }

    @Test
    void differsFromThePlainHashSoNoInteriorNodeCanPassForALeaf() throws Exception {
        byte[] plain = MessageDigest.getInstance("SHA-256").digest("{}".getBytes(StandardCharsets.UTF_8));

        assertThat(LeafHash.of("{}")).hasSize(32).isNotEqualTo(plain);
    }
}
