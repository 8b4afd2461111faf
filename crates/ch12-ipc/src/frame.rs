//! 亲手实现的长度前缀帧：每帧先是 4 字节大端长度，再是这么多字节的内容。
//!
//! TCP 只给一条字节流，不记得你一次 `write` 了多少：对方一次 `read` 可能拿到半帧，
//! 也可能拿到一帧半。所以接收方必须自己知道“一条消息到哪里为止”，最简单的办法就是
//! 在每条消息前面写上它的长度。

use std::fmt;
use std::io;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// 读帧时可能出的错：每一种都对应一个真实的故障。
#[derive(Debug)]
pub enum FrameError {
    /// 长度字段超过上限：对方有 bug，或者不怀好意。此时还没有分配内存。
    TooLarge { len: usize, max: usize },
    /// 对方在一帧的中间关闭了连接（进程崩溃、被杀）：收到了一部分，剩下的永远不会来了。
    Truncated { expected: usize, got: usize },
    /// 其他 I/O 错误，例如连接被重置。
    Io(io::Error),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::TooLarge { len, max } => write!(f, "帧长 {len} 超过上限 {max}"),
            FrameError::Truncated { expected, got } => {
                write!(f, "对方在帧中间断开：应有 {expected} 字节，只收到 {got}")
            }
            FrameError::Io(e) => write!(f, "I/O 错误：{e}"),
        }
    }
}

impl std::error::Error for FrameError {}

// ANCHOR: write_frame
/// 写一帧：长度前缀加内容。
pub async fn write_frame<W: AsyncWrite + Unpin>(writer: &mut W, payload: &[u8]) -> io::Result<()> {
    let len = u32::try_from(payload.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "帧太长，u32 装不下"))?;
    writer.write_all(&len.to_be_bytes()).await?;
    writer.write_all(payload).await?;
    writer.flush().await
}
// ANCHOR_END: write_frame

// ANCHOR: read_frame
/// 读一帧。`Ok(None)` 表示对方在两帧之间正常关闭了连接（干净的 EOF）。
pub async fn read_frame<R: AsyncRead + Unpin>(
    reader: &mut R,
    max: usize,
) -> Result<Option<Vec<u8>>, FrameError> {
    let mut header = [0u8; 4];
    match fill(reader, &mut header).await? {
        // 一个字节都没读到就遇到 EOF：对方在帧边界上关闭，这是正常结束。
        0 => return Ok(None),
        4 => {}
        got => return Err(FrameError::Truncated { expected: 4, got }),
    }
    let len = u32::from_be_bytes(header) as usize;
    // 先检查长度再分配：否则对方写一个 0xFFFF_FFFF，我们就去要 4 GiB 内存。
    if len > max {
        return Err(FrameError::TooLarge { len, max });
    }
    let mut payload = vec![0u8; len];
    let got = fill(reader, &mut payload).await?;
    if got < len {
        return Err(FrameError::Truncated { expected: len, got });
    }
    Ok(Some(payload))
}

/// 尽量把 `buf` 读满，返回读到的字节数；少于 `buf.len()` 说明中途遇到了 EOF。
/// 一次 `read` 可能只给几个字节（部分读取），所以要循环。
async fn fill<R: AsyncRead + Unpin>(reader: &mut R, buf: &mut [u8]) -> Result<usize, FrameError> {
    let mut got = 0;
    while got < buf.len() {
        match reader.read(&mut buf[got..]).await.map_err(FrameError::Io)? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got)
}
// ANCHOR_END: read_frame

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use tokio::io::ReadBuf;

    /// 每次 `read` 最多给一个字节的读端：模拟网络把一帧拆成很多小段送到。
    struct Trickle(Vec<u8>, usize);

    impl AsyncRead for Trickle {
        fn poll_read(
            mut self: Pin<&mut Self>,
            _cx: &mut Context<'_>,
            buf: &mut ReadBuf<'_>,
        ) -> Poll<io::Result<()>> {
            if self.1 < self.0.len() && buf.remaining() > 0 {
                let byte = self.0[self.1];
                buf.put_slice(&[byte]);
                self.1 += 1;
            }
            Poll::Ready(Ok(()))
        }
    }

    async fn encoded(frames: &[&[u8]]) -> Vec<u8> {
        let mut bytes = Vec::new();
        for f in frames {
            write_frame(&mut bytes, f).await.unwrap();
        }
        bytes
    }

    #[tokio::test]
    async fn frames_survive_one_byte_reads() {
        let bytes = encoded(&[b"hello", b"", b"world!"]).await;
        assert_eq!(bytes.len(), 4 + 5 + 4 + 4 + 6);
        let mut reader = Trickle(bytes, 0);
        assert_eq!(
            read_frame(&mut reader, 16).await.unwrap().unwrap(),
            b"hello"
        );
        assert_eq!(read_frame(&mut reader, 16).await.unwrap().unwrap(), b"");
        assert_eq!(
            read_frame(&mut reader, 16).await.unwrap().unwrap(),
            b"world!"
        );
        assert!(
            read_frame(&mut reader, 16).await.unwrap().is_none(),
            "帧边界上的 EOF 是正常结束"
        );
    }

    #[tokio::test]
    async fn an_oversized_length_is_rejected_before_allocating() {
        let mut reader: &[u8] = &[0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3];
        match read_frame(&mut reader, 1024).await {
            Err(FrameError::TooLarge { len, max }) => {
                assert_eq!((len, max), (u32::MAX as usize, 1024));
            }
            other => panic!("超长的长度字段应当被拒绝，得到 {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_frame_exactly_at_the_limit_is_accepted() {
        let bytes = encoded(&[&[7u8; 16]]).await;
        let mut reader = bytes.as_slice();
        assert_eq!(
            read_frame(&mut reader, 16).await.unwrap().unwrap(),
            [7u8; 16]
        );
    }

    #[tokio::test]
    async fn eof_in_the_middle_is_truncation_not_a_clean_end() {
        let bytes = encoded(&[b"0123456789"]).await;
        for cut in [2usize, 4, 9] {
            let mut reader = &bytes[..cut];
            match read_frame(&mut reader, 64).await {
                Err(FrameError::Truncated { expected, got }) => {
                    let (expected_len, got_len) = if cut < 4 { (4, cut) } else { (10, cut - 4) };
                    assert_eq!(
                        (expected, got),
                        (expected_len, got_len),
                        "在第 {cut} 字节处截断"
                    );
                }
                other => panic!("在第 {cut} 字节处截断应报告 Truncated，得到 {other:?}"),
            }
        }
    }
}
