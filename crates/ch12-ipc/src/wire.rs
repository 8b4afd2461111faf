//! 消息跨进程就只剩字节：serde 负责把结构体变成字节、再变回来。

use serde::{Deserialize, Serialize};

// ANCHOR: reading
/// 一条传感器读数：本章用来比较两种格式的消息。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub sensor: u32,
    pub seq: u64,
    pub celsius: f32,
    pub label: String,
}
// ANCHOR_END: reading

impl Reading {
    /// 本章反复使用的一条样本。
    pub fn sample() -> Reading {
        Reading {
            sensor: 7,
            seq: 1_000,
            celsius: 21.5,
            label: "机房-2".to_owned(),
        }
    }
}

// ANCHOR: formats
/// JSON：人能读，字段名随每条消息一起传。
pub fn to_json(reading: &Reading) -> Vec<u8> {
    serde_json::to_vec(reading).expect("Reading 总能编码成 JSON")
}

/// postcard：紧凑的二进制，整数用变长编码，没有字段名——双方必须用同一个结构体定义。
pub fn to_postcard(reading: &Reading) -> Vec<u8> {
    postcard::to_allocvec(reading).expect("Reading 总能编码成 postcard")
}
// ANCHOR_END: formats

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_formats_round_trip_and_postcard_is_smaller() {
        let r = Reading::sample();
        let json = to_json(&r);
        let compact = to_postcard(&r);
        assert_eq!(serde_json::from_slice::<Reading>(&json).unwrap(), r);
        assert_eq!(postcard::from_bytes::<Reading>(&compact).unwrap(), r);
        // sensor 1 + seq 2（1000 的变长编码）+ f32 4 + 长度 1 + UTF-8 的 “机房-2” 8 = 16
        assert_eq!(compact.len(), 16);
        assert_eq!(
            std::str::from_utf8(&json).unwrap(),
            r#"{"sensor":7,"seq":1000,"celsius":21.5,"label":"机房-2"}"#
        );
    }

    #[test]
    fn a_mismatched_schema_is_an_error_or_garbage() {
        // JSON 带着字段名：少了字段，解码就明确失败。
        assert!(serde_json::from_slice::<Reading>(br#"{"sensor":7}"#).is_err());
        // postcard 不带字段名：字节数不够时失败，够的话会“成功”解出毫无意义的值。
        assert!(postcard::from_bytes::<Reading>(&[7]).is_err());
    }
}
