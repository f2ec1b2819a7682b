package crypto

import (
	"bytes"
	"strings"
	"testing"
)

func TestSealOpenRoundTripAndRotation(t *testing.T) {
	oldKey := bytes.Repeat([]byte{1}, 32)
	newKey := bytes.Repeat([]byte{2}, 32)
	oldRing, err := NewKeyring(oldKey)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := oldRing.Seal("Breast cancer, stage II")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "cancer") || !strings.Contains(sealed, KeyID(oldKey)) {
		t.Fatalf("sealed value leaks plaintext or lacks key id: %s", sealed)
	}
	rotated, _ := NewKeyring(newKey, oldKey)
	plain, err := rotated.Open(sealed)
	if err != nil || plain != "Breast cancer, stage II" {
		t.Fatalf("rotated keyring cannot open old value: %q %v", plain, err)
	}
	resealed, _ := rotated.Seal(plain)
	if !strings.Contains(resealed, KeyID(newKey)) {
		t.Fatalf("new values must use the primary key: %s", resealed)
	}
	if _, err := oldRing.Open(resealed); err != ErrUnknownKey {
		t.Fatalf("want ErrUnknownKey, got %v", err)
	}
}

func TestOpenRejectsTampering(t *testing.T) {
	ring, _ := NewKeyring(bytes.Repeat([]byte{3}, 32))
	sealed, _ := ring.Seal("notes")
	tampered := sealed[:len(sealed)-2] + "AA"
	if _, err := ring.Open(tampered); err == nil {
		t.Fatal("tampered value opened")
	}
	if v, err := ring.Seal(""); v != "" || err != nil {
		t.Fatal("empty must stay empty")
	}
}

func TestDigestIsKeyedAndStable(t *testing.T) {
	a := DevelopmentKeyring()
	other, err := NewKeyring([]byte("another-32-byte-key-for-testing!"))
	if err != nil {
		t.Fatal(err)
	}
	first, again := a.Digest("Kontrol besok"), a.Digest("Kontrol"+" besok")
	if first != again {
		t.Fatal("equal texts must have equal digests")
	}
	if a.Digest("Kontrol besok") == a.Digest("Kontrol lusa") {
		t.Fatal("different texts must differ")
	}
	if a.Digest("Kontrol besok") == other.Digest("Kontrol besok") {
		t.Fatal("the digest must depend on the key")
	}
	sealed, _ := a.Seal("x")
	if !IsSealed(sealed) || IsSealed("x") {
		t.Fatal("IsSealed")
	}
}
