module example.com/tools

go 1.22

require github.com/aws/aws-sdk-go-v2 v1.24.0
