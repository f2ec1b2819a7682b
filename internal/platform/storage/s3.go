package storage

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// S3Options configure an S3-compatible bucket.
type S3Options struct {
	Endpoint  string // e.g. https://s3.ap-southeast-3.amazonaws.com or http://minio:9000
	Region    string // default us-east-1
	Bucket    string
	AccessKey string
	SecretKey string
	// PublicURL is where the bucket's objects are readable (a CDN or the
	// bucket's public address); empty: Endpoint/Bucket.
	PublicURL string
}

// S3 stores files as objects of one bucket, addressed path-style so that
// MinIO and other S3-compatible servers work without DNS per bucket.
type S3 struct {
	client *s3.Client
	bucket string
	public string
}

var _ Storage = (*S3)(nil)

// NewS3 builds the S3 backend. Credentials come from the options only, never
// from the environment or shared AWS files.
func NewS3(ctx context.Context, o S3Options) (*S3, error) {
	if o.Bucket == "" {
		return nil, fmt.Errorf("storage: S3_BUCKET is required for S3 uploads")
	}
	if o.Region == "" {
		o.Region = "us-east-1"
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx,
		awsconfig.WithRegion(o.Region),
		awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(o.AccessKey, o.SecretKey, "")),
		awsconfig.WithSharedConfigFiles([]string{}), awsconfig.WithSharedCredentialsFiles([]string{}),
	)
	if err != nil {
		return nil, fmt.Errorf("storage: S3 configuration: %w", err)
	}
	endpoint := strings.TrimRight(o.Endpoint, "/")
	client := s3.NewFromConfig(cfg, func(so *s3.Options) {
		if endpoint != "" {
			so.BaseEndpoint = aws.String(endpoint)
		}
		so.UsePathStyle = true
		// S3-compatible servers do not all take the newer default checksums.
		so.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		so.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	public := strings.TrimRight(o.PublicURL, "/")
	if public == "" {
		base := endpoint
		if base == "" {
			base = "https://s3." + o.Region + ".amazonaws.com"
		}
		public = base + "/" + o.Bucket
	}
	return &S3{client: client, bucket: o.Bucket, public: public}, nil
}

// Kind is "s3".
func (s *S3) Kind() string { return "s3" }

// Put uploads the object. The body is read into memory first (uploads are
// small) so the request can be signed over plain HTTP too.
func (s *S3) Put(ctx context.Context, key, contentType string, body io.Reader, size int64) (string, error) {
	if !ValidKey(key) {
		return "", ErrBadKey
	}
	data, err := io.ReadAll(io.LimitReader(body, size+1))
	if err != nil {
		return "", fmt.Errorf("storage: read: %w", err)
	}
	if int64(len(data)) != size {
		return "", fmt.Errorf("storage: read %d bytes, want %d", len(data), size)
	}
	_, err = s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(s.bucket),
		Key:           aws.String(key),
		Body:          bytes.NewReader(data),
		ContentLength: aws.Int64(size),
		ContentType:   aws.String(contentType),
		CacheControl:  aws.String("public, max-age=31536000, immutable"),
	})
	if err != nil {
		return "", fmt.Errorf("storage: put object: %w", err)
	}
	return s.public + "/" + key, nil
}
