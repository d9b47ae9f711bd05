package p;

import dev.adjoint.Differentiable;

/**
 * A long method that returns early: its reverse mode's forward sweep is one labelled block that each
 * return leaves, and its adjoint sweep a branch on the return taken; both are opened into groups of
 * statements so that the gradient is printed in parts the JIT compiles; and a method whose long arms
 * both return.
 */
public class LongEarlyReturn {

    @Differentiable
    public static double guarded(double x, double y) {
        if (x > 3.0) {
            return x * y;
        }
        double a0 = x * y;
        double a1 = Math.sin(x) + y;
        double a2 = a1 / (1 + a0 * a0);
        double a3 = Math.log1p(a2 * a2) - 0.5 * a1;
        double a4 = a3 * y + Math.sin(a2);
        double a5 = Math.exp(-a4 * a4) + x * a3;
        double a6 = a5 / (1 + a4 * a4);
        double a7 = Math.log1p(a6 * a6) - 0.5 * a5;
        double a8 = a7 * y + Math.sin(a6);
        double a9 = Math.exp(-a8 * a8) + x * a7;
        double a10 = a9 / (1 + a8 * a8);
        double a11 = Math.log1p(a10 * a10) - 0.5 * a9;
        double a12 = a11 * y + Math.sin(a10);
        double a13 = Math.exp(-a12 * a12) + x * a11;
        double a14 = a13 / (1 + a12 * a12);
        double a15 = Math.log1p(a14 * a14) - 0.5 * a13;
        double a16 = a15 * y + Math.sin(a14);
        double a17 = Math.exp(-a16 * a16) + x * a15;
        double a18 = a17 / (1 + a16 * a16);
        double a19 = Math.log1p(a18 * a18) - 0.5 * a17;
        double a20 = a19 * y + Math.sin(a18);
        double a21 = Math.exp(-a20 * a20) + x * a19;
        double a22 = a21 / (1 + a20 * a20);
        double a23 = Math.log1p(a22 * a22) - 0.5 * a21;
        double a24 = a23 * y + Math.sin(a22);
        double a25 = Math.exp(-a24 * a24) + x * a23;
        double a26 = a25 / (1 + a24 * a24);
        double a27 = Math.log1p(a26 * a26) - 0.5 * a25;
        double a28 = a27 * y + Math.sin(a26);
        double a29 = Math.exp(-a28 * a28) + x * a27;
        double a30 = a29 / (1 + a28 * a28);
        double a31 = Math.log1p(a30 * a30) - 0.5 * a29;
        double a32 = a31 * y + Math.sin(a30);
        double a33 = Math.exp(-a32 * a32) + x * a31;
        double a34 = a33 / (1 + a32 * a32);
        double a35 = Math.log1p(a34 * a34) - 0.5 * a33;
        double a36 = a35 * y + Math.sin(a34);
        double a37 = Math.exp(-a36 * a36) + x * a35;
        double a38 = a37 / (1 + a36 * a36);
        double a39 = Math.log1p(a38 * a38) - 0.5 * a37;
        double a40 = a39 * y + Math.sin(a38);
        double a41 = Math.exp(-a40 * a40) + x * a39;
        double a42 = a41 / (1 + a40 * a40);
        double a43 = Math.log1p(a42 * a42) - 0.5 * a41;
        double a44 = a43 * y + Math.sin(a42);
        double a45 = Math.exp(-a44 * a44) + x * a43;
        double a46 = a45 / (1 + a44 * a44);
        double a47 = Math.log1p(a46 * a46) - 0.5 * a45;
        double a48 = a47 * y + Math.sin(a46);
        double a49 = Math.exp(-a48 * a48) + x * a47;
        double a50 = a49 / (1 + a48 * a48);
        double a51 = Math.log1p(a50 * a50) - 0.5 * a49;
        double a52 = a51 * y + Math.sin(a50);
        double a53 = Math.exp(-a52 * a52) + x * a51;
        double a54 = a53 / (1 + a52 * a52);
        double a55 = Math.log1p(a54 * a54) - 0.5 * a53;
        double a56 = a55 * y + Math.sin(a54);
        double a57 = Math.exp(-a56 * a56) + x * a55;
        double a58 = a57 / (1 + a56 * a56);
        double a59 = Math.log1p(a58 * a58) - 0.5 * a57;
        double a60 = a59 * y + Math.sin(a58);
        if (y < -0.5) {
            return a60 + x;
        }
        double a61 = Math.exp(-a60 * a60) + x * a59;
        double a62 = a61 / (1 + a60 * a60);
        double a63 = Math.log1p(a62 * a62) - 0.5 * a61;
        double a64 = a63 * y + Math.sin(a62);
        double a65 = Math.exp(-a64 * a64) + x * a63;
        double a66 = a65 / (1 + a64 * a64);
        double a67 = Math.log1p(a66 * a66) - 0.5 * a65;
        double a68 = a67 * y + Math.sin(a66);
        double a69 = Math.exp(-a68 * a68) + x * a67;
        double a70 = a69 / (1 + a68 * a68);
        double a71 = Math.log1p(a70 * a70) - 0.5 * a69;
        double a72 = a71 * y + Math.sin(a70);
        double a73 = Math.exp(-a72 * a72) + x * a71;
        double a74 = a73 / (1 + a72 * a72);
        double a75 = Math.log1p(a74 * a74) - 0.5 * a73;
        double a76 = a75 * y + Math.sin(a74);
        double a77 = Math.exp(-a76 * a76) + x * a75;
        double a78 = a77 / (1 + a76 * a76);
        double a79 = Math.log1p(a78 * a78) - 0.5 * a77;
        double a80 = a79 * y + Math.sin(a78);
        double a81 = Math.exp(-a80 * a80) + x * a79;
        double a82 = a81 / (1 + a80 * a80);
        double a83 = Math.log1p(a82 * a82) - 0.5 * a81;
        double a84 = a83 * y + Math.sin(a82);
        double a85 = Math.exp(-a84 * a84) + x * a83;
        double a86 = a85 / (1 + a84 * a84);
        double a87 = Math.log1p(a86 * a86) - 0.5 * a85;
        double a88 = a87 * y + Math.sin(a86);
        double a89 = Math.exp(-a88 * a88) + x * a87;
        double a90 = a89 / (1 + a88 * a88);
        double a91 = Math.log1p(a90 * a90) - 0.5 * a89;
        double a92 = a91 * y + Math.sin(a90);
        double a93 = Math.exp(-a92 * a92) + x * a91;
        double a94 = a93 / (1 + a92 * a92);
        double a95 = Math.log1p(a94 * a94) - 0.5 * a93;
        double a96 = a95 * y + Math.sin(a94);
        double a97 = Math.exp(-a96 * a96) + x * a95;
        double a98 = a97 / (1 + a96 * a96);
        double a99 = Math.log1p(a98 * a98) - 0.5 * a97;
        double a100 = a99 * y + Math.sin(a98);
        double a101 = Math.exp(-a100 * a100) + x * a99;
        double a102 = a101 / (1 + a100 * a100);
        double a103 = Math.log1p(a102 * a102) - 0.5 * a101;
        double a104 = a103 * y + Math.sin(a102);
        double a105 = Math.exp(-a104 * a104) + x * a103;
        double a106 = a105 / (1 + a104 * a104);
        double a107 = Math.log1p(a106 * a106) - 0.5 * a105;
        double a108 = a107 * y + Math.sin(a106);
        double a109 = Math.exp(-a108 * a108) + x * a107;
        double a110 = a109 / (1 + a108 * a108);
        double a111 = Math.log1p(a110 * a110) - 0.5 * a109;
        return a111 + a0;
    }

    /** Both arms long and returning: the branch is opened into groups of each arm, its last ones one if/else. */
    @Differentiable
    public static double arms(double x, double y) {
        if (y < 0.2) {
            double b0 = x * y;
            double b1 = Math.sin(x) + y;
            double b2 = b1 / (1 + b0 * b0);
            double b3 = Math.log1p(b2 * b2) - 0.5 * b1;
            double b4 = b3 * y + Math.sin(b2);
            double b5 = Math.exp(-b4 * b4) + x * b3;
            double b6 = b5 / (1 + b4 * b4);
            double b7 = Math.log1p(b6 * b6) - 0.5 * b5;
            double b8 = b7 * y + Math.sin(b6);
            double b9 = Math.exp(-b8 * b8) + x * b7;
            double b10 = b9 / (1 + b8 * b8);
            double b11 = Math.log1p(b10 * b10) - 0.5 * b9;
            double b12 = b11 * y + Math.sin(b10);
            double b13 = Math.exp(-b12 * b12) + x * b11;
            double b14 = b13 / (1 + b12 * b12);
            double b15 = Math.log1p(b14 * b14) - 0.5 * b13;
            double b16 = b15 * y + Math.sin(b14);
            double b17 = Math.exp(-b16 * b16) + x * b15;
            double b18 = b17 / (1 + b16 * b16);
            double b19 = Math.log1p(b18 * b18) - 0.5 * b17;
            double b20 = b19 * y + Math.sin(b18);
            double b21 = Math.exp(-b20 * b20) + x * b19;
            double b22 = b21 / (1 + b20 * b20);
            double b23 = Math.log1p(b22 * b22) - 0.5 * b21;
            double b24 = b23 * y + Math.sin(b22);
            double b25 = Math.exp(-b24 * b24) + x * b23;
            double b26 = b25 / (1 + b24 * b24);
            double b27 = Math.log1p(b26 * b26) - 0.5 * b25;
            double b28 = b27 * y + Math.sin(b26);
            double b29 = Math.exp(-b28 * b28) + x * b27;
            double b30 = b29 / (1 + b28 * b28);
            double b31 = Math.log1p(b30 * b30) - 0.5 * b29;
            double b32 = b31 * y + Math.sin(b30);
            double b33 = Math.exp(-b32 * b32) + x * b31;
            double b34 = b33 / (1 + b32 * b32);
            double b35 = Math.log1p(b34 * b34) - 0.5 * b33;
            double b36 = b35 * y + Math.sin(b34);
            double b37 = Math.exp(-b36 * b36) + x * b35;
            double b38 = b37 / (1 + b36 * b36);
            double b39 = Math.log1p(b38 * b38) - 0.5 * b37;
            double b40 = b39 * y + Math.sin(b38);
            double b41 = Math.exp(-b40 * b40) + x * b39;
            double b42 = b41 / (1 + b40 * b40);
            double b43 = Math.log1p(b42 * b42) - 0.5 * b41;
            double b44 = b43 * y + Math.sin(b42);
            double b45 = Math.exp(-b44 * b44) + x * b43;
            double b46 = b45 / (1 + b44 * b44);
            double b47 = Math.log1p(b46 * b46) - 0.5 * b45;
            double b48 = b47 * y + Math.sin(b46);
            double b49 = Math.exp(-b48 * b48) + x * b47;
            double b50 = b49 / (1 + b48 * b48);
            double b51 = Math.log1p(b50 * b50) - 0.5 * b49;
            double b52 = b51 * y + Math.sin(b50);
            double b53 = Math.exp(-b52 * b52) + x * b51;
            double b54 = b53 / (1 + b52 * b52);
            double b55 = Math.log1p(b54 * b54) - 0.5 * b53;
            double b56 = b55 * y + Math.sin(b54);
            double b57 = Math.exp(-b56 * b56) + x * b55;
            return b57 + b0;
        } else {
            double c0 = x - y;
            double c1 = Math.cos(x) * y;
            double c2 = c1 / (1 + c0 * c0);
            double c3 = Math.log1p(c2 * c2) - 0.5 * c1;
            double c4 = c3 * x + Math.sin(c2);
            double c5 = Math.exp(-c4 * c4) + y * c3;
            double c6 = c5 / (1 + c4 * c4);
            double c7 = Math.log1p(c6 * c6) - 0.5 * c5;
            double c8 = c7 * x + Math.sin(c6);
            double c9 = Math.exp(-c8 * c8) + y * c7;
            double c10 = c9 / (1 + c8 * c8);
            double c11 = Math.log1p(c10 * c10) - 0.5 * c9;
            double c12 = c11 * x + Math.sin(c10);
            double c13 = Math.exp(-c12 * c12) + y * c11;
            double c14 = c13 / (1 + c12 * c12);
            double c15 = Math.log1p(c14 * c14) - 0.5 * c13;
            double c16 = c15 * x + Math.sin(c14);
            double c17 = Math.exp(-c16 * c16) + y * c15;
            double c18 = c17 / (1 + c16 * c16);
            double c19 = Math.log1p(c18 * c18) - 0.5 * c17;
            double c20 = c19 * x + Math.sin(c18);
            double c21 = Math.exp(-c20 * c20) + y * c19;
            double c22 = c21 / (1 + c20 * c20);
            double c23 = Math.log1p(c22 * c22) - 0.5 * c21;
            double c24 = c23 * x + Math.sin(c22);
            double c25 = Math.exp(-c24 * c24) + y * c23;
            double c26 = c25 / (1 + c24 * c24);
            double c27 = Math.log1p(c26 * c26) - 0.5 * c25;
            double c28 = c27 * x + Math.sin(c26);
            double c29 = Math.exp(-c28 * c28) + y * c27;
            double c30 = c29 / (1 + c28 * c28);
            double c31 = Math.log1p(c30 * c30) - 0.5 * c29;
            double c32 = c31 * x + Math.sin(c30);
            double c33 = Math.exp(-c32 * c32) + y * c31;
            double c34 = c33 / (1 + c32 * c32);
            double c35 = Math.log1p(c34 * c34) - 0.5 * c33;
            double c36 = c35 * x + Math.sin(c34);
            double c37 = Math.exp(-c36 * c36) + y * c35;
            double c38 = c37 / (1 + c36 * c36);
            double c39 = Math.log1p(c38 * c38) - 0.5 * c37;
            double c40 = c39 * x + Math.sin(c38);
            double c41 = Math.exp(-c40 * c40) + y * c39;
            double c42 = c41 / (1 + c40 * c40);
            double c43 = Math.log1p(c42 * c42) - 0.5 * c41;
            double c44 = c43 * x + Math.sin(c42);
            double c45 = Math.exp(-c44 * c44) + y * c43;
            double c46 = c45 / (1 + c44 * c44);
            double c47 = Math.log1p(c46 * c46) - 0.5 * c45;
            double c48 = c47 * x + Math.sin(c46);
            double c49 = Math.exp(-c48 * c48) + y * c47;
            double c50 = c49 / (1 + c48 * c48);
            double c51 = Math.log1p(c50 * c50) - 0.5 * c49;
            double c52 = c51 * x + Math.sin(c50);
            double c53 = Math.exp(-c52 * c52) + y * c51;
            double c54 = c53 / (1 + c52 * c52);
            double c55 = Math.log1p(c54 * c54) - 0.5 * c53;
            double c56 = c55 * x + Math.sin(c54);
            double c57 = Math.exp(-c56 * c56) + y * c55;
            return c57 * c1;
        }
    }
}
