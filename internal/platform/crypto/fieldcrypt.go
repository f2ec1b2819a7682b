// Package crypto encrypts sensitive fields at rest with AES-256-GCM. Every
// ciphertext carries the id of the key that sealed it, so keys can rotate:
// new values use the primary key, old values stay readable with older keys.
package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

const prefix = "enc:v1:"

// ErrUnknownKey means a value was sealed with a key this keyring does not hold.
var ErrUnknownKey = errors.New("crypto: value sealed with an unknown key")

// Keyring seals with its primary key and opens with any key it holds.
type Keyring struct {
	primary string
	aeads   map[string]cipher.AEAD
	macKey  []byte // for Digest, derived from the primary key
}

// DevelopmentKey is the fixed, public key of development servers and tests
// (PRIMA_ENCRYPTION_KEY defaults to it in development only).
var DevelopmentKey = []byte("prima-development-key-not-secret")

// DevelopmentKeyring seals with DevelopmentKey.
func DevelopmentKeyring() *Keyring {
	k, err := NewKeyring(DevelopmentKey)
	if err != nil {
		panic(err)
	}
	return k
}

// KeyID is the public identifier of a 32-byte key (a hash prefix, not the key).
func KeyID(key []byte) string {
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:4])
}

// NewKeyring builds a keyring; the first key is the primary one.
func NewKeyring(primary []byte, older ...[]byte) (*Keyring, error) {
	k := &Keyring{aeads: map[string]cipher.AEAD{}}
	for i, key := range append([][]byte{primary}, older...) {
		if len(key) != 32 {
			return nil, fmt.Errorf("crypto: key %d must be 32 bytes", i)
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		id := KeyID(key)
		if i == 0 {
			k.primary = id
			mac := hmac.New(sha256.New, key)
			mac.Write([]byte("prima digest v1"))
			k.macKey = mac.Sum(nil)
		}
		k.aeads[id] = aead
	}
	return k, nil
}

// Seal encrypts plaintext; an empty string stays empty.
func (k *Keyring) Seal(plaintext string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	aead := k.aeads[k.primary]
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := aead.Seal(nonce, nonce, []byte(plaintext), []byte(k.primary))
	return prefix + k.primary + ":" + base64.RawStdEncoding.EncodeToString(sealed), nil
}

// Digest is a keyed hash of plaintext (HMAC-SHA-256 under a key derived from
// the primary key): equal texts have equal digests, and without the key a
// digest reveals nothing, so it can be stored and compared in place of the text.
func (k *Keyring) Digest(plaintext string) string {
	mac := hmac.New(sha256.New, k.macKey)
	mac.Write([]byte(plaintext))
	return base64.RawStdEncoding.EncodeToString(mac.Sum(nil))
}

// IsSealed tells whether value was produced by Seal (values written before a
// field was encrypted are not).
func IsSealed(value string) bool { return strings.HasPrefix(value, prefix) }

// Open decrypts a value produced by Seal; an empty string stays empty.
func (k *Keyring) Open(value string) (string, error) {
	if value == "" {
		return "", nil
	}
	if !strings.HasPrefix(value, prefix) {
		return "", errors.New("crypto: value is not sealed")
	}
	rest := strings.TrimPrefix(value, prefix)
	id, payload, ok := strings.Cut(rest, ":")
	if !ok {
		return "", errors.New("crypto: malformed sealed value")
	}
	aead, found := k.aeads[id]
	if !found {
		return "", ErrUnknownKey
	}
	raw, err := base64.RawStdEncoding.DecodeString(payload)
	if err != nil || len(raw) < aead.NonceSize() {
		return "", errors.New("crypto: malformed sealed value")
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(id))
	if err != nil {
		return "", errors.New("crypto: value does not authenticate")
	}
	return string(plain), nil
}
