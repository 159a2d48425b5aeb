#include "scim/filter/lexer.h"

namespace scimd::scim::filter {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool EndsWord(char c) {
  return IsSpace(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '"';
}

Status Error(std::string_view what, size_t pos) {
  return InvalidFilter(std::string(what) + " at " + std::to_string(pos));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Lexer {
 public:
  Lexer(std::string_view text, size_t base) : text_(text), base_(base) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      while (i_ < text_.size() && IsSpace(text_[i_])) ++i_;
      if (i_ == text_.size()) break;
      char c = text_[i_];
      Token t;
      t.pos = base_ + i_;
      switch (c) {
        case '(':
          t.kind = TokenKind::kLParen;
          ++i_;
          break;
        case ')':
          t.kind = TokenKind::kRParen;
          ++i_;
          break;
        case '[':
          t.kind = TokenKind::kLBracket;
          ++i_;
          break;
        case ']':
          t.kind = TokenKind::kRBracket;
          ++i_;
          break;
        case '"': {
          t.kind = TokenKind::kString;
          SCIMD_ASSIGN_OR_RETURN(t.text, String());
          break;
        }
        default: {
          t.kind = TokenKind::kWord;
          size_t start = i_;
          while (i_ < text_.size() && !EndsWord(text_[i_])) ++i_;
          t.text = std::string(text_.substr(start, i_ - start));
          break;
        }
      }
      tokens.push_back(std::move(t));
    }
    Token end;
    end.pos = base_ + text_.size();
    tokens.push_back(std::move(end));
    return tokens;
  }

 private:
  // Reads a JSON string starting at the opening quote (RFC 8259 §7).
  Result<std::string> String() {
    size_t open = i_++;
    std::string out;
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == '"') {
        ++i_;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) return Error("control character in string", Pos());
      if (c != '\\') {
        out += c;
        ++i_;
        continue;
      }
      SCIMD_RETURN_IF_ERROR(Escape(out));
    }
    return Error("unterminated string", base_ + open);
  }

  Status Escape(std::string& out) {
    size_t at = i_++;
    if (i_ >= text_.size()) return Error("unterminated string", base_ + at);
    char e = text_[i_++];
    switch (e) {
      case '"':
        out += '"';
        return Status::Ok();
      case '\\':
        out += '\\';
        return Status::Ok();
      case '/':
        out += '/';
        return Status::Ok();
      case 'b':
        out += '\b';
        return Status::Ok();
      case 'f':
        out += '\f';
        return Status::Ok();
      case 'n':
        out += '\n';
        return Status::Ok();
      case 'r':
        out += '\r';
        return Status::Ok();
      case 't':
        out += '\t';
        return Status::Ok();
      case 'u':
        break;
      default:
        return Error("invalid escape in string", base_ + at);
    }
    int cp = Hex4();
    if (cp < 0) return Error("invalid \\u escape in string", base_ + at);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      // A high surrogate must be followed by an escaped low surrogate.
      if (i_ + 1 >= text_.size() || text_[i_] != '\\' || text_[i_ + 1] != 'u') {
        return Error("unpaired surrogate in string", base_ + at);
      }
      i_ += 2;
      int low = Hex4();
      if (low < 0xDC00 || low > 0xDFFF) return Error("unpaired surrogate in string", base_ + at);
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return Error("unpaired surrogate in string", base_ + at);
    }
    AppendUtf8(static_cast<uint32_t>(cp), out);
    return Status::Ok();
  }

  int Hex4() {
    if (i_ + 4 > text_.size()) return -1;
    int v = 0;
    for (int k = 0; k < 4; ++k) {
      int h = HexValue(text_[i_ + k]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    i_ += 4;
    return v;
  }

  size_t Pos() const { return base_ + i_; }

  std::string_view text_;
  size_t base_;
  size_t i_ = 0;
};

}  // namespace

Result<std::vector<Token>> Lex(std::string_view text, size_t base) {
  return Lexer(text, base).Run();
}

std::string Describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "end of filter";
    case TokenKind::kLParen:
      return "'('";
    case TokenKind::kRParen:
      return "')'";
    case TokenKind::kLBracket:
      return "'['";
    case TokenKind::kRBracket:
      return "']'";
    case TokenKind::kString:
      return "string \"" + token.text + "\"";
    case TokenKind::kWord:
      return "'" + token.text + "'";
  }
  return "token";
}

}  // namespace scimd::scim::filter
