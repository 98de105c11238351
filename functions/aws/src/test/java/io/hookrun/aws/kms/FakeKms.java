package io.hookrun.aws.kms;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * KMS as its documentation describes GenerateDataKey and Decrypt, for unit tests (there is no KMS emulator on this
 * machine, and LocalStack needs Docker): one key, ciphertexts bound to the key id and the encryption context, a
 * changed context or ciphertext refused with InvalidCiphertextException, another key id with IncorrectKeyException.
 * Every request is recorded.
 */
final class FakeKms implements KmsClient {

    final List<Object> requests = Collections.synchronizedList(new ArrayList<>());
    private final String keyId;
    private final byte[] masterKey = new byte[32];
    private final SecureRandom random = new SecureRandom();

    FakeKms(String keyId) {
        this.keyId = keyId;
        random.nextBytes(masterKey);
    }

    long calls(Class<?> type) {
        synchronized (requests) {
            return requests.stream().filter(type::isInstance).count();
        }
    }

    @Override
    public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
        requests.add(request);
        if (!keyId.equals(request.keyId()) || request.keySpec() != DataKeySpec.AES_256) {
            throw new IllegalArgumentException("unexpected key or spec: " + request.keyId() + " " + request.keySpec());
        }
        byte[] dataKey = new byte[32];
        random.nextBytes(dataKey);
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, nonce, dataKey, request.encryptionContext());
        return GenerateDataKeyResponse.builder().keyId(keyId).plaintext(SdkBytes.fromByteArray(dataKey))
                .ciphertextBlob(SdkBytes.fromByteArray(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array()))
                .build();
    }

    @Override
    public DecryptResponse decrypt(DecryptRequest request) {
        requests.add(request);
        if (request.keyId() != null && !keyId.equals(request.keyId())) {
            throw IncorrectKeyException.builder().message("The key ID in the request does not identify the key that"
                    + " encrypted the ciphertext").statusCode(400).build();
        }
        byte[] blob = request.ciphertextBlob().asByteArray();
        byte[] nonce = java.util.Arrays.copyOf(blob, 12);
        byte[] sealed = java.util.Arrays.copyOfRange(blob, 12, blob.length);
        return DecryptResponse.builder().keyId(keyId)
                .plaintext(SdkBytes.fromByteArray(crypt(Cipher.DECRYPT_MODE, nonce, sealed, request.encryptionContext())))
                .build();
    }

    private byte[] crypt(int mode, byte[] nonce, byte[] input, Map<String, String> context) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(masterKey, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(new TreeMap<>(context).toString().getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw InvalidCiphertextException.builder().message("InvalidCiphertextException").statusCode(400).build();
        }
    }

    @Override
    public String serviceName() {
        return "kms";
    }

    @Override
    public void close() {
    }
}
