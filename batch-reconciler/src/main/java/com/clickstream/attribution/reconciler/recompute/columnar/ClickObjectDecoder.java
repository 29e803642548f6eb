package com.clickstream.attribution.reconciler.recompute.columnar;

import com.clickstream.attribution.rawstore.parquet.ByteArrayInputFile;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes a raw click object straight from its Parquet pages into {@link ClickRows}: row group by row
 * group, column by column, page by page (dictionary pages decoded once per chunk, data pages as
 * dictionary ids or PLAIN values, definition levels for optional columns). No object per value.
 *
 * <p>Only a file of the known shape is decoded: exactly the contract's 13 columns, top level, required or
 * optional (Firehose writes every column optional), strings as BINARY (STRING or unannotated), event_ts as
 * unannotated INT64, the price as DECIMAL(p, 2) in FIXED_LEN_BYTE_ARRAY or BINARY, PLAIN or dictionary
 * encoded. Anything else, any value {@link CertainlyValid} cannot vouch for, and any decoding failure
 * throw {@link UnsupportedPageException} (or an {@code IOException}): the caller then reads the object
 * row at a time, which gives the exact verdicts and failure reasons.
 */
final class ClickObjectDecoder {

    /**
     * Read options on a plain configuration: the default ones build a Hadoop {@code Configuration} (its XML
     * resources parsed) for every file. One per decoder, as the codec factory inside is not shared across threads.
     */
    private final ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    private final ClickRows rows = new ClickRows();
    private final FieldCodes codes;
    private int[] levels = new int[0];
    private int[] ids = new int[0];
    private int[] dictStart = new int[0];
    private int[] dictLength = new int[0];
    private long[] dictLong = new long[0];
    private int[] dictCode = new int[0];
    private int[] dictHash = new int[0];

    /** A decoder coding values into {@code codes} (shared by the decoders of one staging). */
    ClickObjectDecoder(FieldCodes codes) {
        this.codes = codes;
    }

    ClickObjectDecoder() {
        this(new FieldCodes());
    }

    /** Decodes {@code bytes}; the returned rows are reused by the next call. */
    ClickRows decode(byte[] bytes, String key, Instant judgedAt) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new ByteArrayInputFile(bytes, key), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            ColumnDescriptor[] columns = columns(schema);
            long total = reader.getRecordCount();
            if (total > Integer.MAX_VALUE / 2) {
                throw new UnsupportedPageException("object too large");
            }
            rows.reset((int) total);
            int base = 0;
            PageReadStore group;
            while ((group = reader.readNextRowGroup()) != null) {
                int count = (int) group.getRowCount();
                if (base + count > total) {
                    throw new UnsupportedPageException("row groups hold more rows than the footer");
                }
                for (int field = 0; field < ClickFields.COUNT; field++) {
                    column(group.getPageReader(columns[field]), columns[field], field, base, count, judgedAt);
                }
                base += count;
            }
            if (base != total) {
                throw new UnsupportedPageException("row groups hold fewer rows than the footer");
            }
            for (int r = 0; r < base; r++) {
                long bound = 0;
                for (int field : ClickFields.STRINGS) {
                    bound += CertainlyValid.stringBound(rows.strings[field].length[r]);
                }
                CertainlyValid.rowSize(bound);
            }
            return rows;
        }
    }

    /** The file's column of each contract field, or an exception when the file is not of the known shape. */
    private static ColumnDescriptor[] columns(MessageType schema) {
        List<ColumnDescriptor> all = schema.getColumns();
        if (all.size() != ClickFields.COUNT) {
            throw new UnsupportedPageException("not the contract's columns");
        }
        ColumnDescriptor[] byField = new ColumnDescriptor[ClickFields.COUNT];
        for (ColumnDescriptor column : all) {
            String[] path = column.getPath();
            if (path.length != 1 || ClickFields.SCHEMA.getField(path[0]) == null
                    || column.getMaxRepetitionLevel() != 0 || column.getMaxDefinitionLevel() > 1) {
                throw new UnsupportedPageException("not the contract's columns");
            }
            int field = ClickFields.SCHEMA.getField(path[0]).pos();
            if (byField[field] != null || !knownType(field, column.getPrimitiveType())) {
                throw new UnsupportedPageException("column of another type");
            }
            byField[field] = column;
        }
        return byField;
    }

    private static boolean knownType(int field, PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (field == ClickFields.EVENT_TS) {
            return type.getPrimitiveTypeName() == PrimitiveTypeName.INT64 && logical == null;
        }
        if (field == ClickFields.PRODUCT_PRICE) {
            return (type.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
                    || type.getPrimitiveTypeName() == PrimitiveTypeName.BINARY)
                    && logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal
                    && decimal.getScale() == 2;
        }
        return type.getPrimitiveTypeName() == PrimitiveTypeName.BINARY
                && (logical == null || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation);
    }

    private void column(PageReader pages, ColumnDescriptor column, int field, int base, int count, Instant judgedAt)
            throws IOException {
        int dictSize = dictionary(pages.readDictionaryPage(), column, field, judgedAt);
        int row = base;
        int end = base + count;
        DataPage page;
        while ((page = pages.readPage()) != null) {
            int n = page.getValueCount();
            if (row + n > end) {
                throw new UnsupportedPageException("pages hold more values than the row group");
            }
            byte[] data;
            int pos;
            Encoding encoding;
            int nonNull;
            if (page instanceof DataPageV1 v1) {
                data = v1.getBytes().toByteArray();
                pos = 0;
                encoding = v1.getValueEncoding();
                if (column.getMaxDefinitionLevel() > 0) {
                    if (v1.getDlEncoding() != Encoding.RLE) {
                        throw new UnsupportedPageException("definition levels not RLE");
                    }
                    int len = intLe(data, 0);
                    nonNull = levels(data, 4, 4 + len, n);
                    pos = 4 + len;
                } else {
                    nonNull = n;
                }
            } else if (page instanceof DataPageV2 v2 && !v2.isCompressed()) {
                data = v2.getData().toByteArray();
                pos = 0;
                encoding = v2.getDataEncoding();
                if (column.getMaxDefinitionLevel() > 0) {
                    byte[] dl = v2.getDefinitionLevels().toByteArray();
                    nonNull = levels(dl, 0, dl.length, n);
                } else {
                    nonNull = n;
                }
            } else {
                throw new UnsupportedPageException("page kind not decoded");
            }
            boolean allPresent = nonNull == n;
            boolean coded = FieldCodes.isCoded(field);
            if (encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY) {
                if (dictSize < 0) {
                    throw new UnsupportedPageException("dictionary page missing");
                }
                if (ids.length < nonNull) {
                    ids = new int[Math.max(nonNull, 1024)];
                }
                if (nonNull > 0) {
                    if (pos >= data.length) {
                        throw new UnsupportedPageException("dictionary ids missing");
                    }
                    HybridDecoder.decode(data, pos + 1, data.length, data[pos], ids, nonNull);
                }
                int v = 0;
                for (int i = 0; i < n; i++, row++) {
                    if (!allPresent && levels[i] == 0) {
                        nullAt(field, row);
                        continue;
                    }
                    int id = ids[v++];
                    if (id < 0 || id >= dictSize) {
                        throw new UnsupportedPageException("dictionary id out of range");
                    }
                    if (field == ClickFields.EVENT_TS) {
                        rows.ts[row] = dictLong[id];
                    } else if (field == ClickFields.PRODUCT_PRICE) {
                        rows.price[row] = dictLong[id];
                    } else {
                        rows.strings[field].start[row] = dictStart[id];
                        rows.strings[field].length[row] = dictLength[id];
                        if (coded) {
                            rows.code[field][row] = dictCode[id];
                        }
                        if (field == ClickFields.USER_ID) {
                            rows.userHash[row] = dictHash[id];
                        }
                    }
                }
            } else if (encoding == Encoding.PLAIN) {
                for (int i = 0; i < n; i++, row++) {
                    if (!allPresent && levels[i] == 0) {
                        nullAt(field, row);
                        continue;
                    }
                    pos = plain(data, pos, column, field, row, judgedAt);
                }
            } else {
                throw new UnsupportedPageException("encoding " + encoding + " not decoded");
            }
        }
        if (row != end) {
            throw new UnsupportedPageException("pages hold fewer values than the row group");
        }
    }

    /** Decodes one PLAIN value at {@code pos} into {@code row}; returns the position after it. */
    private int plain(byte[] data, int pos, ColumnDescriptor column, int field, int row, Instant judgedAt) {
        if (field == ClickFields.EVENT_TS) {
            long ts = longLe(data, pos);
            CertainlyValid.eventTime(ts, judgedAt);
            rows.ts[row] = ts;
            return pos + 8;
        }
        int len;
        if (column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
            len = column.getTypeLength();
        } else {
            len = intLe(data, pos);
            pos += 4;
        }
        if (len < 0 || pos + len > data.length) {
            throw new UnsupportedPageException("value past the end of the page");
        }
        if (field == ClickFields.PRODUCT_PRICE) {
            long unscaled = unscaled(data, pos, len);
            CertainlyValid.price(unscaled);
            rows.price[row] = unscaled;
        } else {
            CertainlyValid.string(field, data, pos, len);
            StringColumn strings = rows.strings[field];
            strings.start[row] = strings.append(data, pos, len);
            strings.length[row] = len;
            if (FieldCodes.isCoded(field)) {
                rows.code[field][row] = codes.code(field, data, pos, len);
            }
            if (field == ClickFields.USER_ID) {
                rows.userHash[row] = Utf8Hash.stringHashCode(data, pos, len);
            }
        }
        return pos + len;
    }

    /** Decodes a dictionary page into the dictionary arrays; returns its size, or -1 without one. */
    private int dictionary(DictionaryPage page, ColumnDescriptor column, int field, Instant judgedAt) throws IOException {
        if (page == null) {
            return -1;
        }
        if (page.getEncoding() != Encoding.PLAIN_DICTIONARY && page.getEncoding() != Encoding.PLAIN) {
            throw new UnsupportedPageException("dictionary encoding " + page.getEncoding());
        }
        byte[] data = page.getBytes().toByteArray();
        int size = page.getDictionarySize();
        if (dictStart.length < size) {
            dictStart = new int[size];
            dictLength = new int[size];
            dictLong = new long[size];
            dictCode = new int[size];
            dictHash = new int[size];
        }
        // decode each entry as a PLAIN value into a scratch row, then keep where it landed
        int pos = 0;
        int scratch = rows.rows; // one spare slot past the rows
        rows.ensure(scratch + 1);
        for (int i = 0; i < size; i++) {
            pos = plain(data, pos, column, field, scratch, judgedAt);
            if (field == ClickFields.EVENT_TS) {
                dictLong[i] = rows.ts[scratch];
            } else if (field == ClickFields.PRODUCT_PRICE) {
                dictLong[i] = rows.price[scratch];
            } else {
                dictStart[i] = rows.strings[field].start[scratch];
                dictLength[i] = rows.strings[field].length[scratch];
                if (FieldCodes.isCoded(field)) {
                    dictCode[i] = rows.code[field][scratch];
                }
                dictHash[i] = rows.userHash[scratch];
            }
        }
        return size;
    }

    private void nullAt(int field, int row) {
        CertainlyValid.nullValue(field);
        rows.strings[field].length[row] = -1;
        if (FieldCodes.isCoded(field)) {
            rows.code[field][row] = -1;
        }
    }

    /** Decodes {@code n} definition levels (max level 1) into {@link #levels}; returns how many are 1. */
    private int levels(byte[] data, int from, int to, int n) {
        if (to > data.length || from > to) {
            throw new UnsupportedPageException("definition levels past the end of the page");
        }
        if (levels.length < n) {
            levels = new int[Math.max(n, 1024)];
        }
        HybridDecoder.decode(data, from, to, 1, levels, n);
        int present = 0;
        for (int i = 0; i < n; i++) {
            present += levels[i];
        }
        return present;
    }

    private static long unscaled(byte[] b, int from, int len) {
        if (len == 0 || len > 8) {
            throw new UnsupportedPageException("decimal of " + len + " bytes");
        }
        long v = b[from]; // sign-extended
        for (int i = 1; i < len; i++) {
            v = (v << 8) | (b[from + i] & 0xff);
        }
        return v;
    }

    private static int intLe(byte[] b, int pos) {
        if (pos + 4 > b.length) {
            throw new UnsupportedPageException("length past the end of the page");
        }
        return (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
    }

    private static long longLe(byte[] b, int pos) {
        if (pos + 8 > b.length) {
            throw new UnsupportedPageException("value past the end of the page");
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[pos + i] & 0xff);
        }
        return v;
    }
}
