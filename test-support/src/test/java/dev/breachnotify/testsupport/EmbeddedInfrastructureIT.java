package dev.breachnotify.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.embedded.MailCatcher;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedInfrastructureIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void kafkaTransactionsAreVisibleToReadCommittedConsumersOnlyWhenCommitted() throws Exception {
        String bootstrap = TestInfrastructure.get().kafkaBootstrapServers();
        String topic = "it-transactions-" + UUID.randomUUID();
        createTopic(bootstrap, topic);

        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();
        }

        // committed-2 comes after the aborted record, so once it is read the aborted one has been passed over
        assertThat(readValues(bootstrap, topic, 2)).containsExactly("committed-1", "committed-2");
    }

    @Test
    void createsDatabasesAndRunsQueries() throws SQLException {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        String database = "it_embedded_" + UUID.randomUUID().toString().substring(0, 8);
        String url = infrastructure.jdbcUrl(database);
        assertThat(infrastructure.jdbcUrl(database)).isEqualTo(url);

        try (Connection connection =
                        DriverManager.getConnection(url, infrastructure.dbUser(), infrastructure.dbPassword());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE greeting (id int PRIMARY KEY, text varchar(100) NOT NULL)");
            statement.execute("INSERT INTO greeting VALUES (1, 'hello')");
            try (ResultSet rows = statement.executeQuery("SELECT current_database(), text FROM greeting")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(database);
                assertThat(rows.getString(2)).isEqualTo("hello");
            }
        }
    }

    @Test
    void catchesMailsAndWritesThemAsEmlFiles() throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        MailCatcher mail = infrastructure.mail();
        int before = mail.messages().size();
        String subject = "Sicherheitsvorfall " + UUID.randomUUID();

        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(infrastructure.smtpPort()));
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "5000");
        properties.put("mail.smtp.writetimeout", "5000");
        Session session = Session.getInstance(properties);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("security@breach-notify.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("Praxis@example.org"));
        message.setSubject(subject, "UTF-8");
        message.setText("Bitte bestätigen Sie den Empfang.", "UTF-8");
        Transport.send(message);

        List<MimeMessage> received = mail.awaitMessages(before + 1, Duration.ofSeconds(10));
        assertThat(received).anySatisfy(m -> assertThat(m.getSubject()).isEqualTo(subject));

        Path eml = await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> findEml(mail.emlDir(), subject), Optional::isPresent)
                .orElseThrow();
        assertThat(eml.getFileName().toString()).matches("\\d{8}-\\d{6}-\\d{3}_praxis-at-example\\.org(-\\d+)?\\.eml");
        try (InputStream in = Files.newInputStream(eml)) {
            MimeMessage stored = new MimeMessage(session, in);
            assertThat(stored.getSubject()).isEqualTo(subject);
            assertThat(stored.getContent().toString()).contains("Bitte bestätigen");
        }

        assertThatThrownBy(() -> mail.awaitMessages(mail.messages().size() + 1, Duration.ofMillis(100)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("within");
    }

    @Test
    void kafkaRestartOnTheSameLogDirectoryKeepsTopicsAndRecords(@TempDir Path dir) throws Exception {
        Path logDir = dir.resolve("kafka");
        String topic = "it-restart";
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0)) {
            clusterId = kafka.clusterId();
            createTopic(kafka.bootstrapServers(), topic);
            Map<String, Object> config = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", "kept")).get();
            }
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            assertThat(admin.listTopics().names().get()).contains(topic);
            assertThat(readValues(kafka.bootstrapServers(), topic, 1)).containsExactly("kept");
        }
    }

    @Test
    void kafkaStartFailsWithAnExceptionWhenItsPortIsTaken(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedKafka.start(dir, taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use");
        }
    }

    @Test
    void postgresRestartOnTheSameDataDirectoryKeepsRows(@TempDir Path dir) throws SQLException {
        Path dataDir = dir.resolve("pg-data");
        Path runtime = Path.of(System.getProperty(TestInfrastructure.WORK_DIR_PROPERTY, dir.toString()))
                .resolve("pg-runtime");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, 0, runtime)) {
            postgres.createDatabaseIfMissing("restart");
            postgres.createDatabaseIfMissing("restart");
            try (Connection connection = connect(postgres, "restart");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (text varchar(20))");
                statement.execute("INSERT INTO kept VALUES ('still here')");
                // the run command's server: PostgreSQL's default durability, not zonky's test settings
                assertThat(show(statement, "fsync")).isEqualTo("on");
                assertThat(show(statement, "synchronous_commit")).isEqualTo("on");
            }
        }

        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, 0, runtime);
                Connection connection = connect(postgres, "restart");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT text FROM kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void externalJdbcUrlsGetTheDatabaseReplaced() {
        assertThat(EmbeddedPostgresServer.withDatabase("jdbc:postgresql://db:5432/postgres?sslmode=disable", "n"))
                .isEqualTo("jdbc:postgresql://db:5432/n?sslmode=disable");
        assertThat(EmbeddedPostgresServer.withDatabase("jdbc:postgresql://h1:5432,h2:5433/postgres", "n"))
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/n");
        assertThat(EmbeddedPostgresServer.withDatabase("jdbc:postgresql://db", "n"))
                .isEqualTo("jdbc:postgresql://db/n");
        assertThatThrownBy(() -> EmbeddedPostgresServer.withDatabase("jdbc:postgresql://db/x", "a\"; DROP"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static Connection connect(EmbeddedPostgresServer postgres, String database) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(), postgres.password());
    }

    private static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    /** Reads the topic's single partition from the beginning, read_committed, until {@code count} values arrived. */
    private static List<String> readValues(String bootstrap, String topic, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static Optional<Path> findEml(Path dir, String subject) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".eml"))
                    .filter(file -> subjectOf(file).equals(subject))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String subjectOf(Path eml) {
        try (InputStream in = Files.newInputStream(eml)) {
            String subject = new MimeMessage(Session.getInstance(new Properties()), in).getSubject();
            return subject == null ? "" : subject;
        } catch (IOException | MessagingException e) {
            return "";
        }
    }
}
