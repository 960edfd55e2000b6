# expect: findings
from alpine:3.21
maintainer jane@example.com
run echo done
