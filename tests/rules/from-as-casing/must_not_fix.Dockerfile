# expect: none
FROM golang:1.23 AS build
from alpine:3.21 as lower
# A keyword in mixed case sets no case to follow, as in BuildKit.
From alpine:3.21 as mixed
FROM build
