#pragma once
// One owned file descriptor: closed by the destructor on every path.
#include <utility>

namespace dt {

class Fd {
 public:
  // Takes ownership of fd (-1: none).
  explicit Fd(int fd = -1) noexcept : fd_(fd) {}
  ~Fd() noexcept { reset(); }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  // Gives the descriptor up without closing it.
  int release() noexcept { return std::exchange(fd_, -1); }
  // Closes now; 0, or the errno of close (which can report a failed write).
  int close() noexcept;
  // Closes (errors ignored) and takes fd.
  void reset(int fd = -1) noexcept;

 private:
  int fd_;
};

}  // namespace dt
