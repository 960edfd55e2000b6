FROM alpine
RUN apk add \   
  curl \	
  # comment

  git
