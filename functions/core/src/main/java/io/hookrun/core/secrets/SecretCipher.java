package io.hookrun.core.secrets;

import io.hookrun.core.trigger.TriggerSecret;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Envelope encryption of a trigger's secrets. Each {@link #seal} takes a fresh 256-bit data key from the
 * {@link KeyWrapper} and encrypts the whole list (id, times and value of every secret) with AES-256-GCM, the trigger
 * id being associated data; only the wrapped data key is kept. So a stored item reveals no value, a blob moved to
 * another trigger or changed by one bit fails to {@link #open}, and opening costs one unwrap (one KMS
 * {@code Decrypt}) per read.
 *
 * <p>A fresh key per save means the random 96-bit GCM nonce is used once per key, far inside NIST SP 800-38D's
 * limit of 2^32 random nonces per key. With KMS the data key itself comes from KMS, so even a Lambda SnapStart
 * snapshot that duplicated this JVM's random state could not make two saves share a key and nonce.
 *
 * @see <a href="https://docs.aws.amazon.com/kms/latest/developerguide/kms-cryptography.html#enveloping">AWS KMS: envelope encryption</a>
 */
public final class SecretCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyWrapper wrapper;
    private final SecureRandom random;

    public SecretCipher(KeyWrapper wrapper, SecureRandom random) {
        this.wrapper = wrapper;
        this.random = random;
    }

    /** Which wrapper protects the data keys ({@code kms}, {@code local-file}). */
    public String wrapperKind() {
        return wrapper.kind();
    }

    /** Encrypts {@code secrets} for {@code triggerId} under a new data key. */
    public SealedSecrets seal(String triggerId, List<TriggerSecret> secrets) {
        DataKey key = wrapper.newDataKey(triggerId);
        byte[] plaintext = encode(secrets);
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.plaintext(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(triggerId));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] blob = new byte[1 + NONCE_BYTES + sealed.length];
            blob[0] = VERSION;
            System.arraycopy(nonce, 0, blob, 1, NONCE_BYTES);
            System.arraycopy(sealed, 0, blob, 1 + NONCE_BYTES, sealed.length);
            return new SealedSecrets(wrapper.kind(), key.wrapped(), blob);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is part of every JDK", e);
        } finally {
            Arrays.fill(key.plaintext(), (byte) 0);
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * The secrets {@link #seal} sealed for {@code triggerId}.
     *
     * @throws SecretsUnreadableException when the blob or key was changed, belongs to another trigger, or was wrapped
     *                                    by another wrapper or key
     */
    public List<TriggerSecret> open(String triggerId, SealedSecrets sealed) {
        if (!wrapper.kind().equals(sealed.wrapper())) {
            throw new SecretsUnreadableException("the secrets of trigger " + triggerId + " were sealed with "
                    + sealed.wrapper() + ", and this function is configured for " + wrapper.kind()
                    + " (hookrun.secrets.kms-key-id / hookrun.secrets.key-file)");
        }
        byte[] blob = sealed.ciphertext();
        if (blob.length < 1 + NONCE_BYTES + TAG_BITS / 8 || blob[0] != VERSION) {
            throw new SecretsUnreadableException("the sealed secrets of trigger " + triggerId + " are not in format " + VERSION);
        }
        byte[] key = wrapper.unwrap(sealed.wrappedKey(), triggerId);
        byte[] plaintext = null;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, blob, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData(triggerId));
            plaintext = cipher.doFinal(blob, 1 + NONCE_BYTES, blob.length - 1 - NONCE_BYTES);
            return decode(plaintext);
        } catch (AEADBadTagException e) {
            throw new SecretsUnreadableException("the sealed secrets of trigger " + triggerId
                    + " do not authenticate: changed, or sealed for another trigger");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is part of every JDK", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    private static byte[] associatedData(String triggerId) {
        return (VERSION + ":" + KeyWrapper.CONTEXT_KEY + "=" + triggerId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encode(List<TriggerSecret> secrets) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(secrets.size());
            for (TriggerSecret s : secrets) {
                out.writeUTF(s.id());
                writeInstant(out, s.createdAt());
                out.writeBoolean(s.expiresAt() != null);
                if (s.expiresAt() != null) {
                    writeInstant(out, s.expiresAt());
                }
                byte[] value = s.value().getBytes(StandardCharsets.UTF_8);
                out.writeInt(value.length);
                out.write(value);
                Arrays.fill(value, (byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    private static List<TriggerSecret> decode(byte[] plaintext) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
            int count = in.readInt();
            List<TriggerSecret> secrets = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                Instant createdAt = readInstant(in);
                Instant expiresAt = in.readBoolean() ? readInstant(in) : null;
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                secrets.add(new TriggerSecret(id, new String(value, StandardCharsets.UTF_8), createdAt, expiresAt));
            }
            return List.copyOf(secrets);
        } catch (IOException e) {
            // Authenticated, so written by seal: only a different format version could get here.
            throw new SecretsUnreadableException("sealed secrets in an unknown layout", e);
        }
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
