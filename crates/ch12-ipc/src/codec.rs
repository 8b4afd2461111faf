//! 同样的帧格式（4 字节大端长度 + 内容），交给 tokio-util 的 `LengthDelimitedCodec`。

use tokio::net::TcpStream;
use tokio_util::codec::{Framed, LengthDelimitedCodec};

/// 本章各处用的最大帧长：64 KiB。
pub const MAX_FRAME: usize = 64 * 1024;

// ANCHOR: codec
/// 与 [`crate::frame`] 完全相同的线上格式，外加一个最大帧长。
pub fn codec(max_frame: usize) -> LengthDelimitedCodec {
    LengthDelimitedCodec::builder()
        .length_field_type::<u32>() // 4 字节长度，默认大端
        .max_frame_length(max_frame) // 超过上限：读端返回错误，而不是去分配内存
        .new_codec()
}

/// 把一条 TCP 连接变成“帧的 Stream + 帧的 Sink”。
pub fn framed(stream: TcpStream, max_frame: usize) -> Framed<TcpStream, LengthDelimitedCodec> {
    Framed::new(stream, codec(max_frame))
}
// ANCHOR_END: codec

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::{Bytes, BytesMut};
    use tokio_util::codec::{Decoder, Encoder};

    #[tokio::test]
    async fn the_codec_reads_what_the_hand_written_writer_wrote() {
        let mut bytes = Vec::new();
        crate::frame::write_frame(&mut bytes, b"abc").await.unwrap();
        crate::frame::write_frame(&mut bytes, b"defg")
            .await
            .unwrap();
        let mut codec = codec(16);
        // 先只给 5 个字节：一帧还差 2 个字节，解码器说“还不够”（None），不是错误。
        let mut buf = BytesMut::from(&bytes[..5]);
        assert!(codec.decode(&mut buf).unwrap().is_none());
        buf.extend_from_slice(&bytes[5..]);
        assert_eq!(codec.decode(&mut buf).unwrap().unwrap(), &b"abc"[..]);
        assert_eq!(codec.decode(&mut buf).unwrap().unwrap(), &b"defg"[..]);
        assert!(codec.decode(&mut buf).unwrap().is_none());

        let mut out = BytesMut::new();
        codec.encode(Bytes::from_static(b"abc"), &mut out).unwrap();
        assert_eq!(&out[..], &bytes[..7], "编码结果应与手写的格式逐字节相同");
    }

    #[test]
    fn the_codec_refuses_frames_over_the_limit() {
        let mut codec = codec(16);
        let mut buf = BytesMut::from(&[0u8, 0, 0, 17][..]);
        let err = codec.decode(&mut buf).expect_err("17 字节超过了 16 的上限");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
        let mut out = BytesMut::new();
        assert!(
            codec.encode(Bytes::from(vec![0u8; 17]), &mut out).is_err(),
            "写端也检查上限"
        );
    }
}
